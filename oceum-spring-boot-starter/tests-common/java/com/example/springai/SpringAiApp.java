package com.example.springai;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring AI application with the starter and no Oceum code, nothing but auto-configuration:
 * Spring AI 1.1 on Boot 3.5, Spring AI 2.0 on Boot 4.0 (each module's class path decides).
 */
@SpringBootApplication
public class SpringAiApp {}
