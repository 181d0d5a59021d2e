/// Small `.reg` scripts shared by the end-to-end tests.
enum Scripts {
    /// A tiny regression model and its data: trains in milliseconds per epoch.
    static let smallModel = """
        seed 1
        let d = synthetic_regression(n: 64, features: 4, informative: 2, noise: 0.1).data
        let parts = d |> split(train: 0.5, val: 0.25, test: 0.25)
        model net {
          dense(8, activation: relu)
          dense(1)
        }
        loss mse
        penalty l2(1e-3)
        optimizer adam(lr: 1e-2)

        """

    /// `smallModel`, trained for `epochs` epochs, printing `started` first and then the
    /// number of epochs run.
    static func training(epochs: Int) -> String {
        smallModel + """
            print("started")
            let r = train(net, parts.train, epochs: \(epochs), batch: 8, validate: parts.val)
            print("epochs run: {r.epochs_run}")

            """
    }
}
