/// The builtin libraries every interpreter loads, in order (a later library's builtin
/// replaces an earlier one of the same name). A new library — the training builtins —
/// registers itself by adding its table here.
public enum StandardLibrary {
    public static func libraries() -> [BuiltinLibrary] {
        [CoreBuiltins.library, MathBuiltins.library, CollectionBuiltins.library, TrainingLibrary.library]
    }
}
