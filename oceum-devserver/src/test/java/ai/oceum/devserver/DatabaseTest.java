package ai.oceum.devserver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class about what the dev server stores: it runs on H2 and, in the surefire execution
 * {@code postgresql}, again on PostgreSQL. Its servers come from {@link TestDatabase}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("database")
@ExtendWith(TestDatabase.Condition.class)
public @interface DatabaseTest {}
