package ai.oceum;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries the task open on the calling thread into work that runs on other threads, so that
 * usage, errors and child tasks reported there belong to it.
 *
 * <pre>{@code
 * ExecutorService pool = TaskContext.wrap(Executors.newFixedThreadPool(4));
 * CompletableFuture.supplyAsync(() -> callModel(), pool);   // tied to the caller's task
 * }</pre>
 *
 * <p>The task is captured when the work is <em>submitted</em> (or when {@link #wrap(Runnable)} is
 * called) and is current only while that work runs; the worker thread's own context is restored
 * afterwards.
 */
public final class TaskContext {
    private TaskContext() {}

    /** A runnable that runs with the task current now. Returns the argument when no task is open. */
    public static Runnable wrap(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        TaskScope task = TaskScope.currentOrNull();
        if (task == null) {
            return runnable;
        }
        return () -> {
            try (TaskScope.Activation ignored = task.makeCurrent()) {
                runnable.run();
            }
        };
    }

    /** A callable that runs with the task current now. Returns the argument when no task is open. */
    public static <T> Callable<T> wrap(Callable<T> callable) {
        Objects.requireNonNull(callable, "callable");
        TaskScope task = TaskScope.currentOrNull();
        if (task == null) {
            return callable;
        }
        return () -> {
            try (TaskScope.Activation ignored = task.makeCurrent()) {
                return callable.call();
            }
        };
    }

    /** An executor that carries the submitting thread's task into each command. */
    public static Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        if (executor instanceof ExecutorService service) {
            return wrap(service);
        }
        return command -> executor.execute(wrap(command));
    }

    /** An executor service that carries the submitting thread's task into each task it runs. */
    public static ExecutorService wrap(ExecutorService service) {
        Objects.requireNonNull(service, "service");
        return service instanceof ContextExecutorService ? service : new ContextExecutorService(service);
    }

    /** Decorates every submission; life-cycle calls go straight to the delegate. */
    private static final class ContextExecutorService implements ExecutorService {
        private final ExecutorService delegate;

        ContextExecutorService(ExecutorService delegate) {
            this.delegate = delegate;
        }

        private <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
            return tasks.stream().map(TaskContext::wrap).toList();
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(command));
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return delegate.submit(wrap(task));
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return delegate.submit(wrap(task), result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return delegate.submit(wrap(task));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks), timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
                throws InterruptedException, ExecutionException {
            return delegate.invokeAny(wrapAll(tasks));
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return delegate.invokeAny(wrapAll(tasks), timeout, unit);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }
}
