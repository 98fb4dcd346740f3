/**
 * Delivery: events per second from one client to a receiver against a fair HTTP ceiling
 * ({@link ai.oceum.bench.delivery.DeliveryThroughput}), background CPU per delivered event at a
 * steady rate by thread group ({@link ai.oceum.bench.delivery.DeliveryCpu}), and CPU while Oceum is
 * down ({@link ai.oceum.bench.delivery.OutageCpu}).
 */
package ai.oceum.bench.delivery;
