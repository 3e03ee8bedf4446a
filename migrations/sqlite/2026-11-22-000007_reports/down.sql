ALTER TABLE boards DROP COLUMN two_person_approval;
DROP TABLE report_replies;
DROP TABLE report_files;
DROP TABLE reports;
