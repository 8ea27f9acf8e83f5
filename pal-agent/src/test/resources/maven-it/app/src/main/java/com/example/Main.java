package com.example;

import io.pal.Pal;

public class Main {
    public static void main(String[] args) throws Exception {
        System.out.println(Pal.spawn(() -> "hello from a strand on " + Pal.backend().id()).join());
    }
}
