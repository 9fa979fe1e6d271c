package dev.genlab.server;

import dev.genlab.core.GenlabException;
import dev.genlab.core.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * What a request must present when the server asks for it: HTTP Basic user and password (as AUTOMATIC1111's
 * --api-auth, which Open WebUI sends), or a bearer token read from a file. Compared in constant time.
 */
public record Credentials(String user, String password, String token) {

    /** From --auth USER:PASSWORD. */
    public static Credentials basic(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        if (colon < 1 || colon == userColonPassword.length() - 1) {
            throw new UsageException("--auth must be USER:PASSWORD, both non-empty");
        }
        return new Credentials(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1), null);
    }

    /** From --token-file FILE: its first line, at least 16 characters. */
    public static Credentials tokenFile(Path file) {
        String token;
        try {
            token = Files.readAllLines(file).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new GenlabException("cannot read the token file " + file + ": " + e.getMessage());
        }
        if (token.length() < 16) {
            throw new UsageException("the token in " + file + " must be at least 16 characters on its first line");
        }
        return new Credentials(null, null, token);
    }

    /** Whether an Authorization header carries these credentials (Basic or Bearer). */
    public boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        if (token != null && authorization.startsWith("Bearer ")) {
            return same(authorization.substring(7).strip(), token);
        }
        if (user != null && authorization.startsWith("Basic ")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                return same(decoded, user + ":" + password);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return false;
    }

    /** The WWW-Authenticate challenge to send with a 401. */
    public String challenge() {
        return token != null ? "Bearer" : "Basic realm=\"genlab\", charset=\"UTF-8\"";
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
