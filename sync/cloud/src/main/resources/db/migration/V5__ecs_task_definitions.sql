-- Task definitions registered on the cloud's Amazon ECS endpoint (/ecs), with the cloud's own
-- revision numbers per family. ECS keeps task definitions outside clusters, so they live here
-- until a service uses one: CreateService and UpdateService then put the revision's definition
-- as the desired task definition of its family for the service's cluster (desired_objects).
-- definition is the registered JSON as config's SpecReader read it (family and revision
-- included, tags not). registered_by is the access key's owner.
CREATE TABLE ecs_task_definitions (
  family VARCHAR(255) NOT NULL,
  revision INT NOT NULL,
  definition ${big_text} NOT NULL,
  status VARCHAR(20) NOT NULL,
  registered_ms BIGINT NOT NULL,
  deregistered_ms BIGINT,
  registered_by VARCHAR(300) NOT NULL,
  PRIMARY KEY (family, revision)
);

-- Which cloud revision each service written through /ecs was given. Stores receive a family's
-- definition without a revision number, and two revisions may hold the same definition, so the
-- spec alone cannot say which one DescribeServices names. selector is the cluster's (canonical).
CREATE TABLE ecs_service_revisions (
  selector VARCHAR(2000) NOT NULL,
  service_name VARCHAR(255) NOT NULL,
  family VARCHAR(255) NOT NULL,
  revision INT NOT NULL,
  PRIMARY KEY (selector, service_name)
);
