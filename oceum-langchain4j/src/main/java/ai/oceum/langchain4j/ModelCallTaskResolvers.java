package ai.oceum.langchain4j;

import ai.oceum.TaskScope;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The {@link ModelCallTaskResolver}s on the class path, loaded once (when the first
 * {@link OceumChatModelListener} is made, so that no model call pays for the look-up).
 */
final class ModelCallTaskResolvers {
    /** More than any class path holds; bounds the loop should a broken provider keep failing. */
    private static final int MAX_PROVIDERS = 16;

    private static final ModelCallTaskResolver[] RESOLVERS = load();

    private ModelCallTaskResolvers() {}

    /** How many resolvers were found; the first call loads them (class initialisation). */
    static int count() {
        return RESOLVERS.length;
    }

    /** The first task a resolver finds for the call, or null. Never throws (but for a failing JVM). */
    static TaskScope taskFor(ChatModelRequestContext context) {
        for (ModelCallTaskResolver resolver : RESOLVERS) {
            try {
                TaskScope task = resolver.taskFor(context);
                if (task != null && !task.isClosed()) {
                    return task;
                }
            } catch (Throwable t) {
                Diagnostics.listenerFailed(
                        "task resolver " + resolver.getClass().getName(), t);
            }
        }
        return null;
    }

    private static ModelCallTaskResolver[] load() {
        List<ModelCallTaskResolver> found = new ArrayList<>(1);
        try {
            Iterator<ModelCallTaskResolver> it = ServiceLoader.load(
                            ModelCallTaskResolver.class, ModelCallTaskResolver.class.getClassLoader())
                    .iterator();
            for (int attempt = 0; attempt < MAX_PROVIDERS; attempt++) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    found.add(it.next());
                } catch (ServiceConfigurationError | LinkageError e) {
                    Diagnostics.warn(
                            "resolver",
                            "A model-call task resolver could not be loaded and is ignored "
                                    + "(is its framework on the class path?): " + e);
                }
            }
        } catch (Throwable t) {
            Diagnostics.listenerFailed("loading task resolvers", t);
        }
        return found.toArray(new ModelCallTaskResolver[0]);
    }
}
