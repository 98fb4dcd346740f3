package ai.oceum.javaagent;

import static net.bytebuddy.matcher.ElementMatchers.annotationType;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import ai.oceum.integration.AgentTaskCalls;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CompletionStage;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Adds the {@link AgentTaskAdvice} to each {@code @AgentTask} method of a class, with the
 * method's task name, identity and flags bound as constants (read from the annotation once, here,
 * not on every call).
 */
final class AgentTaskTransformer implements AgentBuilder.Transformer {
    /** Matched by name, so that it works whichever class loader holds the annotation. */
    static final String ANNOTATION = "ai.oceum.annotation.AgentTask";

    static final ElementMatcher.Junction<MethodDescription> ANNOTATED = isAnnotatedWith(named(ANNOTATION));

    @Override
    public DynamicType.Builder<?> transform(
            DynamicType.Builder<?> builder,
            TypeDescription type,
            ClassLoader loader,
            JavaModule module,
            ProtectionDomain domain) {
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()
                .filter(ANNOTATED.and(not(isAbstract())).and(not(isNative())))) {
            builder = builder.visit(adviceFor(type, method).on(is(method)));
        }
        return builder;
    }

    private static Advice adviceFor(TypeDescription type, MethodDescription.InDefinedShape method) {
        AnnotationDescription annotation = method.getDeclaredAnnotations()
                .filter(annotationType(named(ANNOTATION)))
                .getOnly();
        boolean record = flag(annotation, "recordArguments");
        String key = AgentTaskCalls.methodKey(type.getName(), method.getName(), parameterNames(method));
        String name = AgentTaskCalls.taskName(
                text(annotation, "value"), type.getSimpleName(), type.getName(), method.getName());
        boolean async = method.getReturnType().asErasure().isAssignableTo(CompletionStage.class);
        int flags = AgentTaskCalls.flags(record, flag(annotation, "recursive"), async);
        return Advice.withCustomMapping()
                .bind(AgentTaskAdvice.MethodKey.class, key)
                .bind(AgentTaskAdvice.TaskName.class, name)
                .bind(AgentTaskAdvice.TaskFlags.class, flags)
                .to(
                        record ? AgentTaskAdvice.EnterRecordingArguments.class : AgentTaskAdvice.Enter.class,
                        AgentTaskAdvice.Exit.class);
    }

    /** An annotation property, or its default when an older copy of the annotation lacks it. */
    private static boolean flag(AnnotationDescription annotation, String property) {
        try {
            return annotation.getValue(property).resolve(Boolean.class);
        } catch (RuntimeException absent) {
            return false;
        }
    }

    private static String text(AnnotationDescription annotation, String property) {
        try {
            return annotation.getValue(property).resolve(String.class);
        } catch (RuntimeException absent) {
            return "";
        }
    }

    /** The parameter type names as {@link Class#getName()} spells them, for the method key. */
    private static List<String> parameterNames(MethodDescription method) {
        return method.getParameters().asTypeList().asErasures().stream()
                .map(TypeDescription::getName)
                .toList();
    }
}
