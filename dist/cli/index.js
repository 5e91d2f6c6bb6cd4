#!/usr/bin/env node
import { createRequire as __falcoCreateRequire } from 'node:module'; import { fileURLToPath as __falcoFileURLToPath } from 'node:url'; import { dirname as __falcoDirname } from 'node:path'; const require = __falcoCreateRequire(import.meta.url); const __filename = __falcoFileURLToPath(import.meta.url); const __dirname = __falcoDirname(__filename);

// src/cli/commands.ts
var commands = [
  { name: "inventory", load: async () => (await import("./inventory.js")).inventoryCommand },
  { name: "capture", load: async () => (await import("./capture.js")).captureCommand },
  { name: "rules", load: async () => (await import("./rules.js")).rulesCommand },
  { name: "analyze", load: async () => (await import("./analyze.js")).analyzeCommand },
  { name: "baseline", load: async () => (await import("./baseline.js")).baselineCommand },
  { name: "forward", load: async () => (await import("./forward.js")).forwardCommand }
];

// src/scap/errno.ts
var ERRNO = { ENOENT: 2, EACCES: 13, ENETUNREACH: 101, ETIMEDOUT: 110, ECONNREFUSED: 111, EINPROGRESS: 115 };
var EINPROGRESS = ERRNO.EINPROGRESS;
var WORDS = {
  ENOENT: "no such file",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "already exists",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EFBIG: "file too large",
  EIO: "input/output error",
  ETXTBSY: "text file busy",
  EBUSY: "device or resource busy",
  EINVAL: "invalid argument",
  ENXIO: "no such device or address",
  ENODEV: "no such device"
};
function isSystemError(error) {
  return error instanceof Error && typeof error.code === "string" && /^E[A-Z0-9]+$/.test(error.code);
}
function systemErrorWords(error) {
  const known = error.code === void 0 ? void 0 : WORDS[error.code];
  if (known !== void 0) return known;
  const description = /^E[A-Z0-9]+: (.*?)(?:, [a-z_]+(?: '.*)?)?$/s.exec(error.message)?.[1];
  return description !== void 0 && description.length > 0 ? description.toLowerCase() : "system error";
}

// src/cli/output.ts
var RUNNER_WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;
var LINE_BREAK = /[\n\r\u2028\u2029]/;
var COLON_ESCAPE = "\\u003a";
var BRACKET_ESCAPE = "\\u005b";
var WorkflowCommandGuard = class {
  /** blank: only whitespace on the line so far; colon: whitespace and one `:`; text: anything else. */
  line = "blank";
  /** `#` characters just written (0, 1, or 2 for two or more). */
  hashes = 0;
  transform(text) {
    if (!/[:#[]/.test(text)) {
      this.skip(text);
      return text;
    }
    let out = "";
    let copiedUpTo = 0;
    for (let index = 0; index < text.length; index += 1) {
      const char = text[index];
      let replacement;
      if (LINE_BREAK.test(char)) {
        this.line = "blank";
      } else if (RUNNER_WHITESPACE.test(char)) {
        if (this.line === "colon") this.line = "text";
      } else if (char === ":" && this.line === "blank") {
        this.line = "colon";
      } else {
        if (char === ":" && this.line === "colon") replacement = COLON_ESCAPE;
        if (char === "[" && this.hashes === 2) replacement = BRACKET_ESCAPE;
        this.line = "text";
      }
      this.hashes = char === "#" ? Math.min(this.hashes + 1, 2) : 0;
      if (replacement !== void 0) {
        out += text.slice(copiedUpTo, index) + replacement;
        copiedUpTo = index + 1;
      }
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }
  /** Updates the state for TEXT, which holds no `:`, `#` or `[`. */
  skip(text) {
    if (text.length === 0) return;
    this.hashes = 0;
    let lineStart = text.length;
    while (lineStart > 0 && !LINE_BREAK.test(text[lineStart - 1])) lineStart -= 1;
    const tail = text.slice(lineStart);
    const blank = [...tail].every((char) => RUNNER_WHITESPACE.test(char));
    if (lineStart > 0) this.line = blank ? "blank" : "text";
    else if (!blank || this.line === "colon") this.line = "text";
  }
};
function guardWorkflowCommands(stream) {
  const guard = new WorkflowCommandGuard();
  const decoder = new TextDecoder("utf-8");
  const write = stream.write.bind(stream);
  const guarded = (chunk, encodingOrCallback, callback) => {
    const encoding = typeof encodingOrCallback === "string" ? encodingOrCallback : void 0;
    const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    const text = typeof chunk === "string" ? encoding === void 0 || encoding === "utf8" || encoding === "utf-8" ? chunk : decoder.decode(Buffer.from(chunk, encoding), { stream: true }) : decoder.decode(chunk, { stream: true });
    return write(guard.transform(text), done);
  };
  stream.write = guarded;
}
var UNSHOWN = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
var PLAIN_ARGUMENT = /^[\w./@%+=,:-]+$/;
function showArgument(text) {
  if (PLAIN_ARGUMENT.test(text)) return text;
  return JSON.stringify(text).replace(UNSHOWN, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// src/cli/errors.ts
function fileProblem(verb, path, error) {
  return `cannot ${verb} ${showArgument(path)}: ${systemErrorWords(error)}`;
}
var SYSCALL_VERBS = { read: "read", write: "write", mkdir: "create", unlink: "remove", rename: "rename", scandir: "list" };
function systemErrorProblem(error) {
  const verb = SYSCALL_VERBS[error.syscall ?? ""] ?? "open";
  return typeof error.path === "string" ? fileProblem(verb, error.path, error) : systemErrorWords(error);
}

// src/cli/exit-codes.ts
var EXIT_OK = 0;
var EXIT_FAILURE = 1;
var EXIT_USAGE = 2;

// src/cli/main.ts
guardWorkflowCommands(process.stdout);
guardWorkflowCommands(process.stderr);
var HELP_FLAGS = /* @__PURE__ */ new Set(["--help", "-h"]);
async function usage() {
  const loaded = await Promise.all(commands.map((entry) => entry.load()));
  return [
    "usage:",
    ...loaded.map((command) => `  falco-actions ${command.usage}`),
    "  falco-actions --version",
    "falco-actions COMMAND --help shows the usage of one command.",
    ""
  ].join("\n");
}
function asksForHelp(args) {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some((arg) => HELP_FLAGS.has(arg));
}
function commandUsage(command, args) {
  const sub = command.subcommands?.find((candidate) => candidate.name === args[0]);
  return `usage: falco-actions ${sub?.usage ?? command.usage}
`;
}
async function main(argv) {
  const [name, ...rest] = argv;
  if (name === void 0) {
    process.stderr.write(await usage());
    return EXIT_USAGE;
  }
  if (name === "--version") {
    process.stdout.write(`${await (await import("./version.js")).packageVersion()}
`);
    return EXIT_OK;
  }
  if (name === "help" && rest.length > 0) return main([...rest, "--help"]);
  if (HELP_FLAGS.has(name) || name === "help") {
    process.stdout.write(await usage());
    return EXIT_OK;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (entry === void 0) {
    process.stderr.write(`falco-actions: unknown ${name.startsWith("-") ? "option" : "command"} ${showArgument(name)}
${await usage()}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (asksForHelp(rest)) {
    process.stdout.write(commandUsage(command, rest));
    return EXIT_OK;
  }
  return command.run(rest);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const message = isSystemError(error) ? systemErrorProblem(error) : error instanceof Error ? error.message : String(error);
    process.stderr.write(`falco-actions: ${message.replace(/[\r\n]+/g, " ")}
`);
    process.exitCode = EXIT_FAILURE;
  }
);
