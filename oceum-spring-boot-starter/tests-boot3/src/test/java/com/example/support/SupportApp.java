package com.example.support;

import com.example.supportdesk.SupportAgent;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Boot 3.5 application as a user writes it: the starter, LangChain4j's starters, and no Oceum code.
 * Its agent, tool and controller are the ones Boot 4's application uses too ({@code com.example.supportdesk},
 * scanned besides this package); its AI service is the {@code @AiService} {@link Assistant} here.
 */
@SpringBootApplication(scanBasePackageClasses = {SupportApp.class, SupportAgent.class})
public class SupportApp {}
