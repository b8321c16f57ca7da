Console.WriteLine("hello from the sample");
