"""The wheel carries what the app needs to run from it: the templates and the translations,
with their catalogues compiled (`.mo`), copied into the package at build time. The source
tree keeps them at the top level, where translators and designers find them."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the source tree
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        package = Path(self.build_lib) / "burgerplatform"
        for source in sorted((ROOT / "templates").rglob("*")):
            if source.is_file():
                target = package / "templates" / source.relative_to(ROOT / "templates")
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target))
        for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po")):
            target = package / "translations" / po.relative_to(ROOT / "translations")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as f:
                catalog = read_po(f)
            with target.with_suffix(".mo").open("wb") as f:
                write_mo(f, catalog, use_fuzzy=True)


setup(cmdclass={"build_py": BuildWithData})
