global using CriRuntime.TestSupport;
global using Xunit;
