package com.example.readme;

// readme:begin annotation
import ai.oceum.annotation.AgentTask;

interface Triage {
    String triage(String ticket);
}

public class TriageAgent implements Triage {
    @AgentTask("triage-ticket")                       // name defaults to TriageAgent.triage
    public String triage(String ticket) {
        return ticket.contains("refund") ? "billing" : "support";
    }
}
// readme:end annotation
