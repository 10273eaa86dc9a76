/** A manager: four worker JVMs count words into a shared map, take jobs from a shared queue, list their pids. */
package io.jipc.examples.manager;
