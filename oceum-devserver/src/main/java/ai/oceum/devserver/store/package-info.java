/** Storage through plain JDBC in SQL that runs on H2 and PostgreSQL: one repository per table group, run labels for the trace view, a retention limit. */
package ai.oceum.devserver.store;
