package com.example.boot4;

public interface Assistant {
    String chat(String question);
}
