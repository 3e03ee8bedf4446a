"""Independent calendar checks for bantay's tests, with packages nobody here wrote.

  calendar_check.py parse < feed.ics
      Parses an iCalendar file with `icalendar` and prints its events as JSON.
  calendar_check.py expand < rule.json
      Expands {"rrule", "first", "tzid", "exdates", "from", "to"} with `recurring_ical_events`
      and prints the local start times (YYYY-MM-DDTHH:MM) as JSON.
  calendar_check.py references < series.json
      For each series {"rrule", "tzid", "first_date", "start", "exdates", "to"}, the sessions
      python-dateutil and recurring_ical_events give with dates from first_date to `to`, each as
      [local start YYYY-MM-DDTHH:MM, UTC instant YYYY-MM-DDTHH:MM:SSZ]; prints them as JSON.
"""
import datetime as dt
import json
import sys
import zoneinfo

import icalendar
import recurring_ical_events
from dateutil.rrule import rrulestr


def parse():
    raw = sys.stdin.buffer.read()
    if b"\r\n" not in raw or raw.replace(b"\r\n", b"").find(b"\n") != -1:
        sys.exit("lines must end with CRLF, and only with CRLF")
    if any(len(line) > 75 for line in raw.split(b"\r\n")):
        sys.exit("a content line is longer than 75 octets")
    cal = icalendar.Calendar.from_ical(raw)
    events = []
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("DTSTART")
        events.append({
            "uid": str(ev["UID"]),
            "start": start.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": ev.decoded("DTEND").astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "status": str(ev.get("STATUS", "")),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "summary": str(ev.get("SUMMARY", "")),
            "location": str(ev.get("LOCATION", "")),
            "description": str(ev.get("DESCRIPTION", "")),
            "stamp": ev.decoded("DTSTAMP").isoformat(),
        })
    json.dump({"name": str(cal.get("X-WR-CALNAME", "")), "events": events}, sys.stdout)


def expand():
    spec = json.load(sys.stdin)
    zone = zoneinfo.ZoneInfo(spec["tzid"])
    first = dt.datetime.fromisoformat(spec["first"]).replace(tzinfo=zone)
    event = icalendar.Event()
    event.add("UID", "reference")
    event.add("DTSTART", first)
    event.add("DTEND", first + dt.timedelta(hours=1))
    event.add("RRULE", icalendar.vRecur.from_ical(spec["rrule"]))
    for day in spec.get("exdates", []):
        event.add("EXDATE", dt.datetime.combine(dt.date.fromisoformat(day), first.time(), zone))
    cal = icalendar.Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//reference//EN")
    cal.add_component(event)
    start = dt.date.fromisoformat(spec["from"])
    end = dt.date.fromisoformat(spec["to"]) + dt.timedelta(days=1)
    found = recurring_ical_events.of(cal).between(start, end)
    starts = sorted(e.decoded("DTSTART").astimezone(zone).strftime("%Y-%m-%dT%H:%M") for e in found)
    json.dump(starts, sys.stdout)


def session(wall, zone):
    """A session generated at wall-clock `wall` (aware, fold=0), placed as RFC 5545 §3.3.5 says.

    Nothing is corrected by hand here: zoneinfo (PEP 495) reads a fold=0 time in a gap with the
    offset before the gap, and a repeated time as its first instant, which is the RFC's rule.
    """
    utc = wall.astimezone(dt.timezone.utc)
    return [utc.astimezone(zone).strftime("%Y-%m-%dT%H:%M"), utc.strftime("%Y-%m-%dT%H:%M:%SZ")]


def by_dateutil(spec, zone, first, last, exdates):
    """dateutil's rrule counts from first_date like bantay: a first_date the rule does not give
    is not a session. It generates wall-clock times, so no session is lost in a gap."""
    rule = rrulestr(spec["rrule"], dtstart=first)
    start_of_first = dt.datetime.combine(first.date(), dt.time.min, zone)
    walls = rule.between(start_of_first, last, inc=True)
    return [session(w, zone) for w in walls if w.date() not in exdates]


def by_recurring_ical_events(spec, zone, first_session, last, exdates):
    """recurring_ical_events always counts DTSTART as the first session (RFC 5545), so the event
    starts at the first session dateutil found; exception dates are dropped by their rule date."""
    event = icalendar.Event()
    event.add("UID", "reference")
    event.add("DTSTART", first_session)
    event.add("DTEND", first_session + dt.timedelta(hours=1))
    event.add("RRULE", icalendar.vRecur.from_ical(spec["rrule"]))
    cal = icalendar.Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//reference//EN")
    cal.add_component(event)
    found = recurring_ical_events.of(cal).between(
        first_session.date(), last.date() + dt.timedelta(days=1)
    )
    walls = sorted((e.decoded("DTSTART") for e in found), key=lambda w: w.astimezone(dt.timezone.utc))
    return [session(w, zone) for w in walls if w.date() <= last.date() and w.date() not in exdates]


def references():
    answers = []
    for spec in json.load(sys.stdin):
        zone = zoneinfo.ZoneInfo(spec["tzid"])
        first = dt.datetime.combine(
            dt.date.fromisoformat(spec["first_date"]), dt.time.fromisoformat(spec["start"]), zone
        )
        last = dt.datetime.combine(dt.date.fromisoformat(spec["to"]), dt.time(23, 59, 59), zone)
        exdates = {dt.date.fromisoformat(d) for d in spec["exdates"]}
        dateutil_sessions = by_dateutil(spec, zone, first, last, exdates)
        walls = rrulestr(spec["rrule"], dtstart=first)
        first_wall = next(iter(walls), None)
        ical_sessions = (
            by_recurring_ical_events(spec, zone, first_wall, last, exdates) if first_wall else []
        )
        answers.append({"dateutil": dateutil_sessions, "recurring_ical_events": ical_sessions})
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    {"parse": parse, "expand": expand, "references": references}[sys.argv[1]]()
