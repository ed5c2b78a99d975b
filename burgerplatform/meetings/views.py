"""Meeting pages: see views_meeting.py (one meeting: agenda, attendance, minutes,
corrections, iCal) and views_space.py (a space's list, feed and planning, and the
zorgraad's meetings under /<zone_slug>/meetings/)."""
