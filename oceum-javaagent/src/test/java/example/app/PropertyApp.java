package example.app;

/** Prints what the agent told the JVM: the {@code oceum.javaagent.active} system property as its main() sees it. */
public class PropertyApp {
    public static void main(String[] args) {
        System.out.println("active=" + System.getProperty("oceum.javaagent.active"));
        System.out.println("done");
    }
}
