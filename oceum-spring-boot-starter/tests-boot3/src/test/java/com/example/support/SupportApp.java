package com.example.support;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Boot 3.5 application as a user writes it: the starter, LangChain4j's starters, and no Oceum code. */
@SpringBootApplication
public class SupportApp {}
