package com.example.springai;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring AI 1.1 application with the starter and no Oceum code. */
@SpringBootApplication
public class SpringAiApp {}
