package com.example.springai;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring AI 2.0 application with the starter and no Oceum code. */
@SpringBootApplication
public class SpringAiApp {}
