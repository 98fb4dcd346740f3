package com.example.support;

import ai.oceum.annotation.AgentTask;

/** The support-triage agent's entry point: one ticket in, one verdict out. */
public interface SupportAgent {

    /** Triages one ticket; every call is an Oceum task named {@code triage-ticket}. */
    @AgentTask("triage-ticket")
    Verdict triage(Ticket ticket);
}
