"""Independent calendar checks for bantay's tests, with packages nobody here wrote.

  calendar_check.py parse < feed.ics
      Parses an iCalendar file with `icalendar` and prints its events as JSON.
  calendar_check.py expand < rule.json
      Expands {"rrule", "first", "tzid", "exdates", "from", "to"} with `recurring_ical_events`
      and prints the local start times (YYYY-MM-DDTHH:MM) as JSON.
"""
import datetime as dt
import json
import sys
import zoneinfo

import icalendar
import recurring_ical_events


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


if __name__ == "__main__":
    {"parse": parse, "expand": expand}[sys.argv[1]]()
