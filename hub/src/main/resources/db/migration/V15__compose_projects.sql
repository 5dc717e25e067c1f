-- Compose projects (dev.backroom.hub.compose): which services a `compose up` of a project made,
-- so the next up of the project updates them and removes those its file no longer has, and
-- `compose down` removes them. Task definitions stay rows of task_definitions; a project's
-- families are its services' (the converter names both <project>-<service>).
create table compose_projects (
  project     varchar(255) primary key,
  created_at  timestamp    not null,
  updated_at  timestamp    not null
);
create table compose_project_services (
  service_name      varchar(255)  primary key,
  project           varchar(255)  not null references compose_projects (project) on delete cascade,
  task_family       varchar(255)  not null,
  compose_services  varchar(4096) not null
);
create index compose_project_services_project on compose_project_services (project);
