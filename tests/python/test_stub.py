"""The installed type stub (bindings/python/tokenmill.pyi) describes what the module has."""
import ast

import tokenmill
from conftest import REPO_ROOT


def stub_names():
    tree = ast.parse((REPO_ROOT / "bindings" / "python" / "tokenmill.pyi").read_text())
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and not member.name.startswith("_"):
                    yield node.name, member.name


def test_every_stubbed_name_exists_and_every_public_method_is_stubbed():
    stubbed = set(stub_names())
    for cls, name in stubbed:
        assert hasattr(getattr(tokenmill, cls), name), f"{cls}.{name} is in the stub only"
    for cls in ("Tokenizer", "Encoding", "SentencePieceProcessor"):
        public = {n for n in dir(getattr(tokenmill, cls)) if not n.startswith("_")}
        assert public == {n for c, n in stubbed if c == cls}, f"{cls}: stub and module differ"


def test_bert_submodule_matches_its_stub_namespace():
    import tokenmill.bert

    tree = ast.parse((REPO_ROOT / "bindings" / "python" / "tokenmill.pyi").read_text())
    (ns,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "bert"]
    functions = {m.name for m in ns.body if isinstance(m, ast.FunctionDef)}
    module_functions = {n for n in dir(tokenmill.bert) if callable(getattr(tokenmill.bert, n))
                        and not n.startswith("_") and n != "BertModel"}
    assert functions == module_functions
    (model,) = [m for m in ns.body if isinstance(m, ast.ClassDef) and m.name == "BertModel"]
    stubbed = {m.name for m in model.body if isinstance(m, ast.FunctionDef) and not m.name.startswith("_")}
    public = {n for n in dir(tokenmill.bert.BertModel) if not n.startswith("_")}
    assert stubbed == public


def test_component_submodules_match_their_stub_namespaces():
    import tokenmill.decoders, tokenmill.models, tokenmill.normalizers
    import tokenmill.pre_tokenizers, tokenmill.processors

    tree = ast.parse((REPO_ROOT / "bindings" / "python" / "tokenmill.pyi").read_text())
    for name in ("normalizers", "pre_tokenizers", "models", "processors", "decoders"):
        (ns,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name]
        stubbed = {m.name for m in ns.body if isinstance(m, ast.FunctionDef)}
        module = getattr(tokenmill, name)
        functions = {n for n in dir(module) if not n.startswith("_")
                     and callable(getattr(module, n)) and not isinstance(getattr(module, n), type)}
        assert stubbed == functions, name
