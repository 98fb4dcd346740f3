package ai.oceum.spring.boot.task;

import ai.oceum.TaskScope;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Ends the task of an {@code @AgentTask} method that returns a Reactor {@link Mono} or
 * {@link Flux} when the publisher completes, fails (the task fails with that error) or is
 * cancelled (the task completes with {@code meta.cancelled: true}). The task is current on each
 * thread while it requests from and signals to the subscriber, so work done lazily on
 * subscription ({@code Mono.fromCallable}) and model calls made on reactive threads belong to it.
 *
 * <p>Loaded only when Reactor is on the class path ({@link TaskMethod#REACTOR}): its own loading
 * needs Reactor's types. With several subscribers,
 * the first to finish ends the task. A publisher nobody subscribes to leaves its task open.
 */
final class ReactorTasks {
    private ReactorTasks() {}

    static boolean isReactive(Class<?> returnType) {
        return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType);
    }

    static boolean isReactiveValue(Object value) {
        return value instanceof Mono<?> || value instanceof Flux<?>;
    }

    /** The same publisher, seen through an operator that ends {@code scope} on termination. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object endOnTermination(Object publisher, TaskScope scope) {
        if (publisher instanceof Mono mono) {
            return mono.transform(Operators.lift(
                    (scannable, subscriber) -> new TaskSubscriber<>((CoreSubscriber) subscriber, scope)));
        }
        Flux flux = (Flux) publisher;
        return flux.transform(
                Operators.lift((scannable, subscriber) -> new TaskSubscriber<>((CoreSubscriber) subscriber, scope)));
    }

    /** Passes every signal through unchanged, with the task current, and ends it on termination. */
    @SuppressWarnings("try") // the activation is the point of each try, not its variable
    private static final class TaskSubscriber<T> implements CoreSubscriber<T>, Subscription {
        private final CoreSubscriber<? super T> actual;
        private final TaskScope scope;
        private Subscription upstream;

        TaskSubscriber(CoreSubscriber<? super T> actual, TaskScope scope) {
            this.actual = actual;
            this.scope = scope;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            this.upstream = s;
            try (TaskScope.Activation ignored = scope.makeCurrent()) {
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(T value) {
            try (TaskScope.Activation ignored = scope.makeCurrent()) {
                actual.onNext(value);
            }
        }

        @Override
        public void onError(Throwable t) {
            scope.fail(t);
            try (TaskScope.Activation ignored = scope.makeCurrent()) {
                actual.onError(t);
            } finally {
                scope.close();
            }
        }

        @Override
        public void onComplete() {
            try (TaskScope.Activation ignored = scope.makeCurrent()) {
                actual.onComplete();
            } finally {
                scope.close();
            }
        }

        @Override
        public void request(long n) {
            try (TaskScope.Activation ignored = scope.makeCurrent()) {
                upstream.request(n);
            }
        }

        @Override
        public void cancel() {
            try {
                upstream.cancel();
            } finally {
                if (!scope.isClosed()) {
                    scope.setAttribute("cancelled", true);
                    scope.close();
                }
            }
        }
    }
}
