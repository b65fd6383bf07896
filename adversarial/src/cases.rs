//! The cases. Each `about` says what pullpolicy answers; `core/tests/adversarial.rs` holds that
//! answer exactly (a snapshot), and the faces' tests hold them to it.

use crate::{Case, Part};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n";

pub const CASES: &[Case] = &[
    Case {
        name: "alias-bomb",
        about: "billion laughs: nine levels of ten aliases each; refused at the alias-expansion \
                limit, at the line where it is crossed, without expanding anything",
        parts: &[
            Part::Text(
                "kind: Pod\nspec:\n  containers:\n  - image: nginx\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
            ),
            Part::Text("a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n"),
            Part::Text("a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\n"),
            Part::Text("a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]\n"),
            Part::Text("a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]\n"),
            Part::Text("a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]\n"),
            Part::Text("a6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]\n"),
            Part::Text("a7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]\n"),
            Part::Text("a8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]\n"),
        ],
    },
    Case {
        name: "deep-flow-nesting",
        about: "100,000 nested `[`: refused at nesting depth 128, no stack overflow",
        parts: &[Part::Repeat("[", 100_000)],
    },
    Case {
        name: "deep-block-nesting",
        about: "10,000 nested `- ` block sequences: refused at nesting depth 128",
        parts: &[Part::Repeat("- ", 10_000), Part::Text("x\n")],
    },
    Case {
        name: "long-line",
        about: "a Pod whose image is one 8 MB line: read, the image reported invalid \
                (too long), positions exact",
        parts: &[
            Part::Text(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: long\nspec:\n  containers:\n  - name: c\n    image: registry.example.com/",
            ),
            Part::Repeat("a", 8 << 20),
            Part::Text(":1.0\n"),
        ],
    },
    Case {
        name: "long-scalar",
        about: "a 4 MB block-scalar annotation before a normal container: read, the container \
                found at its real line",
        parts: &[
            Part::Text(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\n  annotations:\n    blob: |\n",
            ),
            Part::Repeat(
                "      0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd\n",
                1 << 16,
            ),
            Part::Text("spec:\n  containers:\n  - name: c\n    image: nginx:1.27\n"),
        ],
    },
    Case {
        name: "stream-50mb",
        about: "a 50 MB stream of Deployments: every container read, memory bounded by the \
                report (documents are parsed one at a time)",
        parts: &[Part::Deployments(56_000)],
    },
    Case {
        name: "too-large",
        about: "65 MB, over the 64 MiB input limit: refused before parsing",
        parts: &[Part::Repeat(
            "# padding padding padding padding padding padding pad\n",
            1_300_000,
        )],
    },
    Case {
        name: "invalid-utf8",
        about: "a Pod with a Latin-1 byte in a label: not UTF-8, refused with the line and \
                column of the first bad byte",
        parts: &[
            Part::Text(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    team: caf",
            ),
            Part::Bytes(b"\xe9\n"),
            Part::Text("spec:\n  containers:\n  - name: web\n    image: nginx\n"),
        ],
    },
    Case {
        name: "binary-garbage",
        about: "64 KB of random bytes: not UTF-8, refused at the first bad byte",
        parts: &[Part::Garbage(0x5eed, 64 << 10)],
    },
    Case {
        name: "nul-bytes",
        about: "a NUL inside a document: YAML forbids it, so that document is an error; \
                the next document is still read",
        parts: &[
            Part::Text(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\u{0}b\nspec:\n  containers:\n  - name: c\n    image: nginx\n---\n",
            ),
            Part::Text(POD),
        ],
    },
    Case {
        name: "bom",
        about: "a byte-order mark before a Pod: read as if absent, columns unchanged",
        parts: &[Part::Text("\u{feff}"), Part::Text(POD)],
    },
    Case {
        name: "crlf",
        about: "a Pod with CRLF line ends: read, positions count lines as LF does",
        parts: &[Part::Text(
            "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: web\r\nspec:\r\n  containers:\r\n  - name: web\r\n    image: nginx:latest\r\n",
        )],
    },
    Case {
        name: "tab-indentation",
        about: "a tab where YAML needs spaces for indentation: a syntax error at the tab",
        parts: &[Part::Text(
            "apiVersion: v1\nkind: Pod\nspec:\n\tcontainers:\n\t- image: nginx\n",
        )],
    },
    Case {
        name: "duplicate-keys",
        about: "a container with `imagePullPolicy` twice: the `duplicate-key` finding (kubectl \
                refuses it); the last value wins for the effective policy",
        parts: &[Part::Text(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    imagePullPolicy: Always\n    imagePullPolicy: Never\n",
        )],
    },
    Case {
        name: "json-trailing-comma",
        about: "JSON with trailing commas: read as YAML flow, which allows them, so the Pod is \
                judged (kubectl's JSON decoder would refuse the file: a known difference)",
        parts: &[Part::Text(
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"nginx\"},]},}\n",
        )],
    },
    Case {
        name: "scalar-document",
        about: "a document that is a lone scalar: no object, nothing to report",
        parts: &[Part::Text("just some text\n")],
    },
    Case {
        name: "sequence-document",
        about: "a document that is a sequence of Pods: not a Kubernetes object (kubectl wants \
                a `List`), nothing to report",
        parts: &[Part::Text(
            "- apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n    - image: nginx\n",
        )],
    },
    Case {
        name: "kind-wrong-type",
        about: "`kind` is a sequence: not an object kubectl can read, so not judged",
        parts: &[Part::Text(
            "apiVersion: v1\nkind: [Pod]\nspec:\n  containers:\n  - image: nginx\n",
        )],
    },
    Case {
        name: "containers-mapping",
        about: "`containers` is a mapping, not a list: no container is read from it",
        parts: &[Part::Text(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    web:\n      image: nginx\n",
        )],
    },
    Case {
        name: "image-wrong-type",
        about: "an image that is a number and a policy that is a boolean: named where written",
        parts: &[Part::Text(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: 42\n    imagePullPolicy: yes\n",
        )],
    },
];
