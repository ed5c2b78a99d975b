from sqlalchemy import select

from burgerplatform.extensions import db
from burgerplatform.library.models import Case, CaseSource


def test_the_demo_library_has_a_case_of_the_eeklo_proeftuin_and_of_the_finished_round(
    app, client, monkeypatch
):
    from burgerplatform import demo

    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["consultations", "proeftuinen", "library"])
    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed()
        db.session.commit()
        cases = db.session.scalars(select(Case).order_by(Case.id)).all()
        assert [c.source for c in cases] == [CaseSource.PROEFTUIN, CaseSource.ROUND]
        assert [t.lang for t in cases[1].texts] == ["nl", "fr"]
        ids = [c.id for c in cases]
    listing = client.get("/library/").get_data(as_text=True)
    assert "Een boodschappendienst van buren in Eeklo" in listing
    for case_id in ids:
        assert client.get(f"/library/{case_id}").status_code == 200
