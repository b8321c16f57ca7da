global using CriRuntime.TestSupport;
