DROP TABLE outbox;
DROP TABLE decisions;
DROP TABLE minutes;
DROP TABLE attendance;
DROP TABLE agenda_items;
DROP TABLE meetings;
DROP TABLE meeting_series;
