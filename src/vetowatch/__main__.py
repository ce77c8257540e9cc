from vetowatch.cli import main

main()
