package org.vcd.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

class HeadlessChromiumTest {

    @Test
    void rendersALocalPageRunsItsScriptAndTakesAScreenshot(@TempDir Path dir) throws IOException {
        Path page = Files.writeString(dir.resolve("page.html"),
                "<html><body><p id='out'>waiting</p><script>"
                        + "document.getElementById('out').textContent = 'ran ' + (6 * 7);</script></body></html>");
        ChromeDriver browser = HeadlessChromium.start(dir.resolve("profile"));
        try {
            browser.get(page.toUri().toString());
            assertEquals("ran 42", browser.findElement(By.id("out")).getText());
            Path png = HeadlessChromium.screenshot(browser, dir.resolve("shot.png"));
            assertTrue(Files.size(png) > 1000);
        } finally {
            browser.quit();
        }
    }
}
