package com.example.springboot;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class TicketController {
    private final TicketDesk desk;

    public TicketController(TicketDesk desk) {
        this.desk = desk;
    }

    @PostMapping(path = "/tickets", consumes = "text/plain", produces = "text/plain")
    public String ticket(@RequestBody String question) {
        return desk.answer(question);
    }
}
