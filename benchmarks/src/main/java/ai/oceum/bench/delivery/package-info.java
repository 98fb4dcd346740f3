/** Delivery throughput: events per second from one client to a receiver, against the HTTP ceiling. */
package ai.oceum.bench.delivery;
