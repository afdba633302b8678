-- Another application's Flyway schema, sharing the database with the provider kit's.
CREATE TABLE another_application_thing (
  id BIGINT NOT NULL PRIMARY KEY
);
