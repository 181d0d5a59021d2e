/// The training library: data, layers and models, losses, penalties, optimizers,
/// training and evaluation, tensors, inspection and files — the builtins that connect
/// the language to RegulaNN — with the `model` block factory and the hook that validates
/// `seed`/`loss`/`penalty`/`optimizer` statements.
enum TrainingLibrary {
    static var library: BuiltinLibrary {
        BuiltinLibrary(
            name: "training",
            builtins: DataBuiltins.builtins + ModelBuiltins.builtins + ExperimentBuiltins.builtins + TrainBuiltins.builtins
                + ExactFitBuiltins.builtins + PathBuiltins.builtins
                + TensorBuiltins.builtins + InspectionBuiltins.builtins + PersistenceBuiltins.builtins
                + PlotBuiltins.builtins,
            constants: ExperimentBuiltins.constants,
            modelFactory: ModelBuiltins.factory,
            settingHook: ExperimentBuiltins.settingHook)
    }

    /// Whether `object` is one of this library's values.
    static func owns(_ object: any HostObject) -> Bool {
        object is TensorObject || object is DatasetObject || object is ModelObject || object is LayerObject
            || object is ActivationObject || object is PenaltyObject || object is LossObject || object is OptimizerObject
            || object is ScheduleObject || object is RunObject || object is HistogramObject || object is TextObject
            || object is PathObject
    }
}
