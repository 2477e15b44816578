package io.pdm.model.io;

import java.io.IOException;

/** A safetensors file that breaks the format; the message says which rule and where. */
public class SafetensorsFormatException extends IOException {
    public SafetensorsFormatException(String message) {
        super(message);
    }
}
