package org.vcd.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void lineBreaksAndControlCharactersNeverReachTheLine() {
        assertEquals("cannot read a.mp4 from host: reset", Messages.oneLine("cannot read a.mp4\n  from host:\treset\r\n"));
        assertEquals("name?x", Messages.oneLine("name\u0000x"));
        assertEquals("", Messages.oneLine((String) null));
    }

    @Test
    void anExceptionWithoutMessageIsNamedByItsType() {
        assertEquals("IOException", Messages.oneLine(new IOException()));
        assertEquals("a b", Messages.oneLine(new IOException("a\nb")));
    }
}
