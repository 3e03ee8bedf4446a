DROP TABLE grievance_events;
DROP TABLE grievance_contacts;
DROP TABLE grievances;
