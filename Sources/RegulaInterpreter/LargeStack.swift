import Foundation

/// Runs the evaluator on a thread with a large stack. A tree-walking evaluator uses
/// several Swift frames per `.reg` call (more in a debug build), so the call depth limit
/// (`InterpreterOptions.maxCallDepth`) is only safe with room to spare: 512 MB of address
/// space is reserved by default, and the pages are only touched as deep as a script goes.
enum LargeStack {
    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread with `size` bytes of stack and waits for it; runs it
    /// inline if the thread cannot be made.
    static func run(size: Int, _ body: () -> Void) {
        withoutActuallyEscaping(body) { body in
            let job = Job(body)
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            guard size > 0, pthread_attr_setstacksize(&attributes, size) == 0 else {
                job.body()
                return
            }
            let context = Unmanaged.passRetained(job).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(&thread, &attributes, { context in
                guard let context else { return nil }
                Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
                return nil
            }, context)
            if created == 0 {
                pthread_join(thread, nil)
            } else {
                Unmanaged<Job>.fromOpaque(context).release()
                job.body()
            }
        }
    }
}
