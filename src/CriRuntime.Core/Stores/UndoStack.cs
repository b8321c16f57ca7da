namespace CriRuntime.Core.Stores;

/// <summary>
/// The finished steps of a multi-step operation, undone in reverse order when a later step fails.
/// Undo failures are reported, never thrown over the original error.
/// </summary>
public sealed class UndoStack(Action<string> onUndoFailure)
{
    private readonly Stack<Func<Task>> _steps = new();

    public void Push(Action undo) => _steps.Push(() =>
    {
        undo();
        return Task.CompletedTask;
    });

    public void Push(Func<Task> undo) => _steps.Push(undo);

    /// <summary>The operation succeeded: nothing will be undone.</summary>
    public void Commit() => _steps.Clear();

    public async Task UndoAsync()
    {
        while (_steps.TryPop(out var step))
        {
            try
            {
                await step();
            }
            catch (Exception e)
            {
                onUndoFailure(e.Message);
            }
        }
    }
}
