package example.app;

import ai.oceum.annotation.AgentTask;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/** An application that uses its own ByteBuddy (as Mockito or Hibernate do) next to the agent. */
public class OwnByteBuddyApp {
    public static void main(String[] args) throws Exception {
        System.out.println("app-bytebuddy="
                + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("generated=" + generate());
        System.out.println("task=" + new OwnByteBuddyApp().work());
        System.out.println("done");
    }

    static String generate() throws Exception {
        return new ByteBuddy()
                .subclass(Object.class)
                .method(ElementMatchers.named("toString"))
                .intercept(FixedValue.value("made by the app's ByteBuddy"))
                .make()
                .load(OwnByteBuddyApp.class.getClassLoader())
                .getLoaded()
                .getDeclaredConstructor()
                .newInstance()
                .toString();
    }

    @AgentTask("with-own-bytebuddy")
    String work() {
        return "worked";
    }
}
