package com.example.aidesk;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DeskController {
    private final DeskAgent agent;

    public DeskController(DeskAgent agent) {
        this.agent = agent;
    }

    @PostMapping("/tickets")
    public String ticket(@RequestBody String question) {
        return agent.answer(question);
    }
}
