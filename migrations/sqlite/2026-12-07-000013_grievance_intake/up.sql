-- How a grievance the secretariat filed for someone reached it (domain::grievance::Intake): a
-- walk-in, a phone call, a letter, a text message, an e-mail, or otherwise. No row for the public
-- form's grievances, nor for the secretariat's filed before it was kept.
CREATE TABLE grievance_intakes (
    grievance_id BIGINT PRIMARY KEY NOT NULL REFERENCES grievances (id),
    intake TEXT NOT NULL
        CHECK (intake IN ('walk_in', 'phone', 'letter', 'text_message', 'email', 'other'))
);
