package org.sharpeye.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions of a Dockerfile (continuations joined, comments dropped), and the few the tests look at. */
record Dockerfile(List<Instruction> instructions) {

    /** One instruction: its keyword in upper case and the rest of the line. */
    record Instruction(String keyword, String arguments) {
    }

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

    static Dockerfile parse(Path file) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : DeployFiles.read(file).split("\n")) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().strip();
            current.setLength(0);
            int space = text.indexOf(' ');
            out.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
        }
        return new Dockerfile(out);
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword.equals(keyword)).map(Instruction::arguments).toList();
    }

    String one(String keyword) {
        List<String> found = all(keyword);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + keyword + ", found " + found);
        }
        return found.get(0);
    }

    /** COPY sources to destination, in order (no --from: the image copies files of the build context). */
    Map<String, String> copies() {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String args : all("COPY")) {
            String[] parts = args.split("\\s+");
            if (parts.length != 2 || parts[0].startsWith("--")) {
                throw new AssertionError("unexpected COPY " + args);
            }
            copies.put(parts[0], parts[1]);
        }
        return copies;
    }

    /** Every ENV variable, quotes removed. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String args : all("ENV")) {
            Matcher m = ENV_PAIR.matcher(args);
            while (m.find()) {
                String v = m.group(2);
                env.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
            }
        }
        return env;
    }

    /** The exec form (a JSON array) of an instruction such as ENTRYPOINT or CMD. */
    static List<String> execForm(String arguments) {
        try {
            return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() { });
        } catch (Exception e) {
            throw new AssertionError("not an exec form (JSON array): " + arguments, e);
        }
    }

    /** HEALTHCHECK's command in exec form, after its --options. */
    List<String> healthCheckCommand() {
        String args = one("HEALTHCHECK");
        int cmd = args.indexOf("CMD ");
        if (cmd < 0) {
            throw new AssertionError("HEALTHCHECK without CMD: " + args);
        }
        return execForm(args.substring(cmd + 4).strip());
    }
}
