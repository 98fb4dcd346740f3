package com.example.supportdesk;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /tickets}: the question in the body, the answer back; the same controller on both lines. */
@RestController
public class SupportController {
    private final SupportAgent agent;

    public SupportController(SupportAgent agent) {
        this.agent = agent;
    }

    @PostMapping("/tickets")
    public String ticket(@RequestBody String question) {
        return agent.answer(question);
    }
}
