package ai.oceum.buildchecks;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes the public API of compiled classes as text, one line per type and per member, sorted, so
 * that a change of the API is a change of lines in review: every public type of an API package
 * (and nested public types of those), with its public and protected constructors, methods and
 * fields, generic signatures included. Read from class files (ArchUnit's importer), so nothing is
 * loaded and an adapter's framework need not be on the class path.
 *
 * <p>Stateless and thread-safe.
 */
final class ApiDump {
    private ApiDump() {}

    /** The dump of {@code classes} whose package satisfies {@code apiPackage}; a header comment first. */
    static String of(String artifactId, JavaClasses classes, Predicate<String> apiPackage) {
        StringBuilder out = new StringBuilder();
        out.append("# Public API of ")
                .append(artifactId)
                .append(", generated from its compiled classes by\n")
                .append("# build-checks/ApiDumpTest. Update with: ")
                .append(ApiDumpTest.UPDATE_COMMAND)
                .append('\n');
        List<JavaClass> types = classes.stream()
                .filter(c -> apiPackage.test(c.getPackageName()))
                .filter(ApiDump::isVisible)
                .sorted(Comparator.comparing(JavaClass::getName))
                .toList();
        for (JavaClass type : types) {
            out.append('\n').append(header(type)).append('\n');
            members(type).forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }

    /** A type outside code can name: public (or protected inside a type others may extend), all the way out. */
    private static boolean isVisible(JavaClass c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.getModifiers().contains(JavaModifier.SYNTHETIC)) {
            return false;
        }
        if (c.getSimpleName().equals("package-info")) {
            return false;
        }
        Set<JavaModifier> m = c.getModifiers();
        if (c.getEnclosingClass().isEmpty()) {
            return m.contains(JavaModifier.PUBLIC);
        }
        JavaClass outer = c.getEnclosingClass().get();
        boolean reachable = m.contains(JavaModifier.PUBLIC)
                || (m.contains(JavaModifier.PROTECTED) && !outer.getModifiers().contains(JavaModifier.FINAL));
        return reachable && isVisible(outer);
    }

    private static String header(JavaClass c) {
        StringBuilder b = new StringBuilder();
        b.append(visibility(c.getModifiers()));
        String kind;
        if (c.isAnnotation()) {
            kind = "@interface";
        } else if (c.isInterface()) {
            kind = "interface";
        } else if (c.isEnum()) {
            kind = "enum";
        } else if (c.isRecord()) {
            kind = "record";
        } else {
            kind = "class";
            if (c.getEnclosingClass().isPresent() && c.getModifiers().contains(JavaModifier.STATIC)) {
                b.append("static ");
            }
            if (c.getModifiers().contains(JavaModifier.ABSTRACT)) {
                b.append("abstract ");
            }
            if (c.getModifiers().contains(JavaModifier.FINAL)) {
                b.append("final ");
            }
        }
        b.append(kind)
                .append(' ')
                .append(c.getName())
                .append(typeParameters(c.getTypeParameters()).stripTrailing());
        if (kind.equals("class")) {
            c.getSuperclass()
                    .map(ApiDump::typeName)
                    .filter(s -> !s.equals("java.lang.Object"))
                    .ifPresent(s -> b.append(" extends ").append(s));
        }
        List<String> interfaces = c.getInterfaces().stream()
                .map(ApiDump::typeName)
                .filter(i -> !(c.isAnnotation() && i.equals("java.lang.annotation.Annotation")))
                .sorted()
                .toList();
        if (!interfaces.isEmpty()) {
            b.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        return b.toString();
    }

    private static List<String> members(JavaClass c) {
        boolean extensible = !c.getModifiers().contains(JavaModifier.FINAL) && !c.isEnum() && !c.isRecord();
        List<String> lines = new ArrayList<>();
        for (JavaConstructor k : c.getConstructors()) {
            if (visible(k.getModifiers(), extensible)) {
                lines.add(visibility(k.getModifiers()) + typeParameters(k.getTypeParameters()) + "<init>"
                        + parameters(k) + throwsClause(k));
            }
        }
        for (JavaMethod m : c.getMethods()) {
            if (visible(m.getModifiers(), extensible) && !m.getModifiers().contains(JavaModifier.BRIDGE)) {
                lines.add(methodModifiers(c, m) + typeParameters(m.getTypeParameters()) + typeName(m.getReturnType())
                        + " " + m.getName() + parameters(m) + throwsClause(m));
            }
        }
        for (JavaField f : c.getFields()) {
            if (visible(f.getModifiers(), extensible)) {
                lines.add(visibility(f.getModifiers()) + flag(f.getModifiers(), JavaModifier.STATIC, "static ")
                        + flag(f.getModifiers(), JavaModifier.FINAL, "final ") + typeName(f.getType()) + " "
                        + f.getName());
            }
        }
        lines.sort(Comparator.naturalOrder());
        return lines;
    }

    private static boolean visible(Set<JavaModifier> m, boolean extensible) {
        return !m.contains(JavaModifier.SYNTHETIC)
                && (m.contains(JavaModifier.PUBLIC) || (extensible && m.contains(JavaModifier.PROTECTED)));
    }

    private static String methodModifiers(JavaClass owner, JavaMethod m) {
        Set<JavaModifier> mods = m.getModifiers();
        String kind;
        if (owner.isInterface() && !mods.contains(JavaModifier.ABSTRACT) && !mods.contains(JavaModifier.STATIC)) {
            kind = "default ";
        } else {
            kind = flag(mods, JavaModifier.ABSTRACT, owner.isInterface() ? "" : "abstract ")
                    + flag(mods, JavaModifier.STATIC, "static ")
                    + flag(mods, JavaModifier.FINAL, "final ");
        }
        return visibility(mods) + kind;
    }

    private static String parameters(JavaCodeUnit unit) {
        return unit.getParameterTypes().stream().map(ApiDump::typeName).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String throwsClause(JavaCodeUnit unit) {
        List<String> thrown = unit.getThrowsClause().getTypes().stream()
                .map(ApiDump::typeName)
                .sorted()
                .toList();
        return thrown.isEmpty() ? "" : " throws " + String.join(", ", thrown);
    }

    private static String typeParameters(List<? extends JavaTypeVariable<?>> variables) {
        if (variables.isEmpty()) {
            return "";
        }
        return variables.stream()
                .map(v -> {
                    List<String> bounds = v.getUpperBounds().stream()
                            .map(ApiDump::typeName)
                            .filter(n -> !n.equals("java.lang.Object"))
                            .toList();
                    return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
                })
                .collect(Collectors.joining(", ", "<", "> "));
    }

    /**
     * A type as source code names it: {@code java.util.List<java.lang.String>}, {@code T},
     * {@code ai.oceum.DropReason[]}. (Throws clauses are erased: the class file keeps only their
     * raw types where ArchUnit reads them.)
     */
    private static String typeName(JavaType type) {
        if (type instanceof JavaClass c && c.isArray()) {
            return typeName(c.getComponentType()) + "[]";
        }
        return type.getName();
    }

    private static String visibility(Set<JavaModifier> m) {
        return m.contains(JavaModifier.PUBLIC) ? "public " : m.contains(JavaModifier.PROTECTED) ? "protected " : "";
    }

    private static String flag(Set<JavaModifier> m, JavaModifier which, String text) {
        return m.contains(which) ? text : "";
    }
}
