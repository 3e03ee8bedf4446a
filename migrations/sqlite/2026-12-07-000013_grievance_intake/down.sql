DROP TABLE grievance_intakes;
