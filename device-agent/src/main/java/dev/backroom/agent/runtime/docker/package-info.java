/** The Docker Engine binding of the container runtime, on docker-java with the httpclient5 transport. */
package dev.backroom.agent.runtime.docker;
