/** The local Oceum dev server: {@link ai.oceum.devserver.DevServer} (embeddable) and {@link ai.oceum.devserver.DevServerMain} (command line). */
package ai.oceum.devserver;
